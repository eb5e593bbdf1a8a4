// The declaration is all: LLVMFuzzerRunDriver lives in libFuzzer.
