"""The command line (SPEC §6): it parses options, drives the pipeline and prints; it decides nothing."""
