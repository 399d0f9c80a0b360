/** Every migration, in order. Features add their numbered file here (0020 rules, 0030 forwarding …). */
import type { Migration } from '../migrate.ts';
import { migration0010 } from './0010-init.ts';
import { migration0020 } from './0020-rules.ts';
import { migration0030 } from './0030-forwarding.ts';
import { migration0050 } from './0050-pull.ts';
import { migration0060 } from './0060-rules-event-time.ts';
import { migration0100 } from './0100-event-blocks.ts';
import { migration0110 } from './0110-dashboards.ts';
import { migration0120 } from './0120-block-span-index.ts';
import { migration0130 } from './0130-head-time-key.ts';
import { migration0140 } from './0140-template-marks.ts';
import { migration0150 } from './0150-block-paths.ts';
import { migration0160 } from './0160-block-runs.ts';

export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0050,
  migration0060,
  migration0100,
  migration0110,
  migration0120,
  migration0130,
  migration0140,
  migration0150,
  migration0160,
];
