"""OTLP/HTTP export: a bounded queue drained by one worker thread (SPEC §5.4, §5.7)."""
