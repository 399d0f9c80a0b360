/**
 * Compatible intake (SPEC §3a): the shippers' wire protocols — Splunk HEC, Elasticsearch _bulk,
 * Loki push, OTLP logs, GELF, Seq — parsed and mapped onto the envelope, through one pipeline with
 * the native ingest's keys, limits, rate limit and commit. Routes and sockets live in main/servers.
 */
export { runIntake } from './pipeline.ts';
export type { IntakeGate, Protocol, Parsed, WireRequest, WireReply, RefusalReason } from './pipeline.ts';
export { hecEventProtocol, hecRawProtocol, hecRefusal, HEC_HEALTH } from './hec.ts';
export { elasticBulkProtocol, elasticRefusal, elasticKey, ELASTIC_HEADERS } from './elastic.ts';
export { lokiProtocol, lokiRefusal } from './loki.ts';
export { otlpProtocol, otlpRefusal } from './otlp.ts';
export { gelfHttpProtocol, gelfRefusal } from './gelf.ts';
export { seqProtocol, seqRefusal } from './seq.ts';
export type { GelfListenerSpec } from './gelf-intake.ts';
export { GelfChunkAssembler, NullFramer } from './gelf-frames.ts';
export type { IntakePort } from './port.ts';
