// Placeholder: the public API is built by the SDK work (SPEC §2.1).
export {};
