#!/bin/sh
# The fuzz targets' corpora and seeded random inputs, under the sanitizers: damaged
# serial frames never crash the PN532 emulator, hostile card replies never crash the
# secure badge reader nor pass for a badge, web forms never crash the parser nor
# carry markup past the escaping, CSV, schedule windows and control lines never crash
# their parsers, settings values are refused or stored within their bounds (tests/fuzz/).
set -eu
"$GH_BUILD_DIR/tests/fuzz-pn532-replay" tests/fuzz/corpus/pn532/* --random 4000
"$GH_BUILD_DIR/tests/fuzz-desfire-replay" tests/fuzz/corpus/desfire/* --random 3000
"$GH_BUILD_DIR/tests/fuzz-form-replay" tests/fuzz/corpus/form/* --random 3000
"$GH_BUILD_DIR/tests/fuzz-parsers-replay" tests/fuzz/corpus/parsers/* --random 3000
"$GH_BUILD_DIR/tests/fuzz-settings-replay" tests/fuzz/corpus/settings/* --random 3000
