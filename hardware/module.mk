PROGRAMS += gatehouse-door-sim
gatehouse-door-sim_SRCS := hardware/doorsim/main.c
