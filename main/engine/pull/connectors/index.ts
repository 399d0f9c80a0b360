/** The six connectors by type, and each type's default lag (reference/pull-connectors.md). */
import type { PullSourceType } from '../../../../shared/enums.ts';
import type { Connector } from '../pull-types.ts';
import { cloudwatchConnector } from './cloudwatch.ts';
import { datadogConnector } from './datadog.ts';
import { elasticConnector } from './elastic.ts';
import { gcpLoggingConnector } from './gcp-logging.ts';
import { lokiConnector } from './loki.ts';
import { splunkConnector } from './splunk.ts';

export const CONNECTORS: Record<PullSourceType, Connector> = {
  cloudwatch: cloudwatchConnector,
  datadog: datadogConnector,
  loki: lokiConnector,
  splunk: splunkConnector,
  elastic: elasticConnector,
  gcp_logging: gcpLoggingConnector,
};
