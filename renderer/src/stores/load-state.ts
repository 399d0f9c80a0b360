/** The loading lifecycle every list screen shares, and a readable message from any thrown value. */
import { ClientError } from '../client.ts';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export function errorMessage(err: unknown): string {
  if (err instanceof ClientError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
