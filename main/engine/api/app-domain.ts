/** The `app.info` method: what the UI shows about this Watchpost (mode, version, ingest URLs, data dir). */
import type { Domain, DomainContext } from '../context.ts';

const APP_VERSION = '0.1.0';

export function createAppDomain(ctx: DomainContext): Domain {
  return {
    handlers: {
      'app.info': () => {
        const urls = ctx.urls();
        return {
          mode: ctx.settings.mode,
          version: APP_VERSION,
          ingestUrl: urls.ingestUrl,
          lanIngestUrls: urls.lanIngestUrls,
          ingestTls: urls.ingestTls ?? null,
          dataDir: ctx.settings.dataDir,
          secretStorageWarning: ctx.secrets.warning,
        };
      },
    },
  };
}
