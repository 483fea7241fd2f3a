"""Every span attribute key the SDK emits (SPEC §6.1), mirroring packages/trace/src/attributes.ts.

No other module spells an attribute key as a string literal.
"""

from __future__ import annotations

# Session, prompt linkage and bookkeeping, on every span.
CONFIG_KEY = "fallom.config_key"
SESSION_ID = "fallom.session_id"
CUSTOMER_ID = "fallom.customer_id"
TAGS = "fallom.tags"
METADATA_PREFIX = "fallom.metadata."
PROMPT_KEY = "fallom.prompt_key"
PROMPT_VERSION = "fallom.prompt_version"
PROMPT_AB_TEST_KEY = "fallom.prompt_ab_test_key"
PROMPT_VARIANT_INDEX = "fallom.prompt_variant_index"
#: Model A/B assignment of the session (SPEC §7.5): the config version and variant that chose it.
MODEL_CONFIG_VERSION = "fallom.model_config_version"
MODEL_VARIANT_INDEX = "fallom.model_variant_index"
SDK_VERSION = "fallom.sdk_version"
METHOD = "fallom.method"
KIND = "fallom.kind"
COST_REPORTED_USD = "fallom.cost.reported_usd"
RAW_USAGE = "fallom.raw.usage"
RAW_REQUEST = "fallom.raw.request"
RAW_RESPONSE = "fallom.raw.response"
RAW_METADATA = "fallom.raw.metadata"
STREAM_CANCELLED = "fallom.stream.cancelled"
STREAM_INCOMPLETE = "fallom.stream.incomplete"
STREAM_USAGE = "fallom.stream_usage"
SPAN_TYPE = "fallom.span_type"
#: Names of the tools an LLM call offers (never their schemas).
TOOL_NAMES = "fallom.tool_names"
INPUT = "fallom.input"
OUTPUT = "fallom.output"

#: The value of `fallom.sdk_version` our SDKs send (SPEC §6.1).
SDK_PROTOCOL_VERSION = "3"

# OpenTelemetry GenAI semantic conventions (current names).
OPERATION_NAME = "gen_ai.operation.name"
PROVIDER_NAME = "gen_ai.provider.name"
REQUEST_MODEL = "gen_ai.request.model"
RESPONSE_MODEL = "gen_ai.response.model"
RESPONSE_ID = "gen_ai.response.id"
RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons"
REQUEST_STREAM = "gen_ai.request.stream"
REQUEST_TEMPERATURE = "gen_ai.request.temperature"
REQUEST_TOP_P = "gen_ai.request.top_p"
REQUEST_TOP_K = "gen_ai.request.top_k"
REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens"
REQUEST_SEED = "gen_ai.request.seed"
REQUEST_STOP_SEQUENCES = "gen_ai.request.stop_sequences"
REQUEST_FREQUENCY_PENALTY = "gen_ai.request.frequency_penalty"
REQUEST_PRESENCE_PENALTY = "gen_ai.request.presence_penalty"
USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens"
USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens"
USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens"
USAGE_CACHE_CREATION_INPUT_TOKENS = "gen_ai.usage.cache_creation.input_tokens"
USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens"
USAGE_TOTAL_TOKENS = "gen_ai.usage.total_tokens"
#: Seconds (SPEC §4.4).
RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk"
EMBEDDINGS_DIMENSION_COUNT = "gen_ai.embeddings.dimension.count"
#: Ours: how many vectors an embeddings call returned (never the vectors themselves).
EMBEDDINGS_VECTOR_COUNT = "fallom.embeddings.vector_count"

# General OpenTelemetry attributes.
SERVER_ADDRESS = "server.address"
ERROR_TYPE = "error.type"
HTTP_STATUS_CODE = "http.response.status_code"

# OTel GenAI OpenAI-specific response attributes (SPEC §2.5.1 "also always").
OPENAI_SYSTEM_FINGERPRINT = "openai.response.system_fingerprint"
OPENAI_SERVICE_TIER = "openai.response.service_tier"

# Resource attributes (SPEC §5.4).
SERVICE_NAME = "service.name"
TELEMETRY_SDK_NAME = "telemetry.sdk.name"
TELEMETRY_SDK_LANGUAGE = "telemetry.sdk.language"
TELEMETRY_SDK_VERSION = "telemetry.sdk.version"

#: `telemetry.sdk.name` of this SDK; the server derives `source = "sdk-py"` from it.
SDK_NAME = "fallom"
