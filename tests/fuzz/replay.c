/* Runs a fuzz target without libFuzzer: every file named on the command line, then
 * --random N inputs from a fixed seed (so a failure is reproducible).  Built with the
 * sanitizers by `make test`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	long random_n = 0, files = 0;
	static uint8_t buf[1 << 16];
	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--random") == 0 && a + 1 < argc) {
			random_n = strtol(argv[++a], NULL, 10);
			continue;
		}
		FILE *f = fopen(argv[a], "rb");
		if (f == NULL) {
			perror(argv[a]);
			return 2;
		}
		size_t n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		files++;
	}
	/* xorshift64: the same inputs on every run. */
	uint64_t s = 0x9E3779B97F4A7C15ULL;
	for (long k = 0; k < random_n; k++) {
		size_t n = 0;
		s ^= s << 13; s ^= s >> 7; s ^= s << 17;
		size_t len = (size_t)(s % 2048);
		/* Half the inputs are built from frame-like pieces, so that checksums and
		 * lengths are sometimes right and the commands behind them run. */
		while (n < len) {
			s ^= s << 13; s ^= s >> 7; s ^= s << 17;
			if ((k & 1) && n + 12 < len && (s & 3) == 0) {
				uint8_t cmds[] = { 0x00, 0x02, 0x06, 0x08, 0x12, 0x14, 0x16, 0x32,
					0x40, 0x42, 0x44, 0x4A, 0x52, 0x60, 0x4E, 0x04 };
				uint8_t body[8];
				size_t bl = 1 + (size_t)((s >> 8) % 7);
				body[0] = cmds[(s >> 16) % sizeof cmds];
				for (size_t b = 1; b < bl; b++)
					body[b] = (uint8_t)(s >> (8 * (b % 8)));
				buf[n++] = (uint8_t)((s >> 24) & 0x3F);	/* control byte */
				buf[n++] = 0x00; buf[n++] = 0x00; buf[n++] = 0xFF;
				buf[n++] = (uint8_t)(bl + 1);
				buf[n++] = (uint8_t)(0x100 - (bl + 1));
				uint8_t sum = 0xD4;
				buf[n++] = 0xD4;
				for (size_t b = 0; b < bl && n < sizeof buf; b++) {
					buf[n++] = body[b];
					sum += body[b];
				}
				buf[n++] = (uint8_t)(0x100 - sum);
				buf[n++] = 0x00;
			} else {
				buf[n++] = (uint8_t)s;
			}
		}
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("replay: %ld files, %ld random inputs, no crash\n", files, random_n);
	return 0;
}
