/** splunk-logging ships no types: the part of its Logger the HEC test uses. */
declare module 'splunk-logging' {
  export interface SplunkPayload {
    message: unknown;
    severity?: string;
    metadata?: { host?: string; source?: string; sourcetype?: string; index?: string; time?: number };
  }
  export class Logger {
    constructor(config: { token: string; url: string; maxBatchCount?: number });
    send(payload: SplunkPayload, callback: (err: unknown, res: unknown, body: unknown) => void): void;
  }
}
