import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_CONSOLE_PORT, DEFAULT_INGEST_PORT } from '../shared/limits.ts';

export interface ServeConfig {
  dataDir: string;
  ingestHost: string;
  ingestPort: number;
  consoleHost: string;
  consolePort: number;
  retentionDays: number;
  retentionGb: number;
  /** `auto` (HTTP and HTTPS on the ingest port), `required` (HTTPS only) or `off` (docs/ingest-hardening.md). */
  ingestTls: 'auto' | 'required' | 'off';
  /** A user-supplied certificate and key (PEM files); both or neither. */
  tlsCert?: string;
  tlsKey?: string;
}

const FLAGS: Record<string, { key: keyof ServeConfig; kind: 'string' | 'port' | 'number' }> = {
  'data-dir': { key: 'dataDir', kind: 'string' },
  'ingest-host': { key: 'ingestHost', kind: 'string' },
  'ingest-port': { key: 'ingestPort', kind: 'port' },
  'console-host': { key: 'consoleHost', kind: 'string' },
  'console-port': { key: 'consolePort', kind: 'port' },
  'retention-days': { key: 'retentionDays', kind: 'number' },
  'retention-gb': { key: 'retentionGb', kind: 'number' },
  'ingest-tls': { key: 'ingestTls', kind: 'string' },
  'tls-cert': { key: 'tlsCert', kind: 'string' },
  'tls-key': { key: 'tlsKey', kind: 'string' },
};

const TLS_MODES = ['auto', 'required', 'off'] as const;

/** The OS per-user data directory for Watchpost. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'watchpost');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'watchpost');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'watchpost');
}

/** Parse `serve` flags; each flag also reads `WATCHPOST_<NAME>` (flags win). Errors name the flag. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const cfg: ServeConfig = {
    dataDir: defaultDataDir(env),
    ingestHost: '0.0.0.0',
    ingestPort: DEFAULT_INGEST_PORT,
    consoleHost: '127.0.0.1',
    consolePort: DEFAULT_CONSOLE_PORT,
    retentionDays: 30,
    retentionGb: 20,
    ingestTls: 'auto',
  };
  const set = (flag: string, value: string, from: string) => {
    const spec = FLAGS[flag];
    if (!spec)
      throw new Error(
        `unknown flag --${flag}; known: ${Object.keys(FLAGS)
          .map((f) => `--${f}`)
          .join(' ')}`,
      );
    if (spec.kind === 'string') {
      if (!value) throw new Error(`${from} needs a value`);
      (cfg[spec.key] as string) = value;
      return;
    }
    const n = Number(value);
    const ok = spec.kind === 'port' ? Number.isInteger(n) && n >= 0 && n <= 65535 : Number.isFinite(n) && n >= 0;
    if (!value || !ok)
      throw new Error(`${from} must be ${spec.kind === 'port' ? 'a port 0-65535 (0 = pick a free port)' : 'a number ≥ 0'} (got ${JSON.stringify(value)})`);
    (cfg[spec.key] as number) = n;
  };
  for (const flag of Object.keys(FLAGS)) {
    const v = env[`WATCHPOST_${flag.toUpperCase().replace(/-/g, '_')}`];
    if (v !== undefined && v !== '') set(flag, v, `WATCHPOST_${flag.toUpperCase().replace(/-/g, '_')}`);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(a)}; flags look like --data-dir DIR`);
    const eq = a.indexOf('=');
    if (eq > 0) set(a.slice(2, eq), a.slice(eq + 1), a.slice(0, eq));
    else set(a.slice(2), argv[++i] ?? '', a);
  }
  if (!(TLS_MODES as readonly string[]).includes(cfg.ingestTls))
    throw new Error(`--ingest-tls must be one of ${TLS_MODES.join(', ')} (got ${JSON.stringify(cfg.ingestTls)})`);
  if (Boolean(cfg.tlsCert) !== Boolean(cfg.tlsKey))
    throw new Error(`${cfg.tlsCert ? '--tls-key' : '--tls-cert'} is missing: give the certificate and its key together`);
  cfg.dataDir = resolve(cfg.dataDir);
  return cfg;
}

/** The console token persists in DATA_DIR/console-token (0600). */
export function loadConsoleToken(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'console-token');
  if (existsSync(file)) {
    const t = readFileSync(file, 'utf8').trim();
    if (t.length >= 32) {
      chmodSync(file, 0o600);
      return t;
    }
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

export function runtimeFileOf(dataDir: string): string {
  return join(dataDir, 'runtime.json');
}

export function writeRuntimeFile(dataDir: string, info: { pid: number; ingestUrl: string; consoleUrl: string; token: string }): string {
  const file = runtimeFileOf(dataDir);
  writeFileSync(file, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
