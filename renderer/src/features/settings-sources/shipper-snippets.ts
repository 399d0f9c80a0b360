/**
 * Ready-to-paste shipper configurations for a push source (issue 12 item 7): the shipper keeps its
 * own protocol and points at Watchpost with the source's key (`{KEY}` placeholder: the real key
 * only ever appears in the one-time popout). Batch sizes are set under the ingest limits (500
 * events, 1 MB), so no shipper is refused for sending too much at once.
 */
import type { SourceType } from '../../../../shared/enums.ts';
import { KEY_PLACEHOLDER } from './ingest-examples.ts';

export interface Snippet {
  id: string;
  /** Shipper and protocol, as the picker shows it. */
  label: string;
  /** Where the text goes (file or code). */
  where: string;
  text: string;
}

export interface SnippetTarget {
  type: SourceType;
  /** Ingest base URL another machine reaches (`http://HOST:PORT`). */
  baseUrl: string;
  /** This machine's LAN host, for listener ports. */
  host: string;
  listenPort: number | null;
}

const K = KEY_PLACEHOLDER;

function http(base: string): Snippet[] {
  const u = new URL(base);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  return [
    {
      id: 'filebeat',
      label: 'Filebeat / Elastic Agent (Elasticsearch output)',
      where: 'filebeat.yml',
      text: [
        'output.elasticsearch:',
        `  hosts: ["${base}"]`,
        `  api_key: "watchpost:${K}"`,
        '  bulk_max_size: 500',
        '  allow_older_versions: true   # Watchpost answers as Elasticsearch 8.19',
        'setup.ilm.enabled: false',
        'setup.template.enabled: false',
      ].join('\n'),
    },
    {
      id: 'logstash',
      label: 'Logstash (elasticsearch output)',
      where: 'pipeline .conf',
      text: [
        'output {',
        '  elasticsearch {',
        `    hosts => ["${base}"]`,
        '    user => "watchpost"',
        `    password => "${K}"`,
        '    index => "logstash"',
        '    data_stream => false',
        '    ilm_enabled => false',
        '    manage_template => false',
        '  }',
        '}',
      ].join('\n'),
    },
    {
      id: 'fluent-bit',
      label: 'Fluent Bit (es output)',
      where: 'fluent-bit.conf',
      text: [
        '[OUTPUT]',
        '    Name               es',
        '    Match              *',
        `    Host               ${u.hostname}`,
        `    Port               ${port}`,
        '    HTTP_User          watchpost',
        `    HTTP_Passwd        ${K}`,
        '    Index              fluent-bit',
        '    Suppress_Type_Name On',
        '# keep input chunks under 1 MB, e.g. Buffer_Chunk_Size 512k on tail inputs',
      ].join('\n'),
    },
    {
      id: 'vector',
      label: 'Vector (splunk_hec_logs sink)',
      where: 'vector.toml',
      text: [
        '[sinks.watchpost]',
        'type = "splunk_hec_logs"',
        'inputs = ["your_source"]',
        `endpoint = "${base}"`,
        `default_token = "${K}"`,
        'encoding.codec = "json"',
        'batch.max_events = 500',
        'batch.max_bytes = 900000',
        'acknowledgements.indexer_acknowledgements_enabled = false',
      ].join('\n'),
    },
    {
      id: 'otel',
      label: 'OpenTelemetry Collector (otlphttp exporter)',
      where: 'collector config.yaml',
      text: [
        'exporters:',
        '  otlphttp/watchpost:',
        `    logs_endpoint: ${base}/v1/logs`,
        '    headers:',
        `      Authorization: "Bearer ${K}"`,
        'processors:',
        '  batch/watchpost:',
        '    send_batch_size: 500',
        '    send_batch_max_size: 500',
        'service:',
        '  pipelines:',
        '    logs:',
        '      receivers: [your_receiver]',
        '      processors: [batch/watchpost]',
        '      exporters: [otlphttp/watchpost]',
      ].join('\n'),
    },
    {
      id: 'promtail',
      label: 'Promtail / Grafana Agent (Loki push)',
      where: 'promtail.yml',
      text: ['clients:', `  - url: ${base}/loki/api/v1/push`, `    bearer_token: ${K}`, '    batchsize: 262144'].join('\n'),
    },
    {
      id: 'serilog',
      label: 'Serilog (Seq sink, .NET)',
      where: 'Program.cs',
      text: ['Log.Logger = new LoggerConfiguration()', `    .WriteTo.Seq("${base}", apiKey: "${K}", batchPostingLimit: 500)`, '    .CreateLogger();'].join(
        '\n',
      ),
    },
    {
      id: 'splunk-hec',
      label: 'Any Splunk HEC client',
      where: 'HEC settings',
      text: [`URL:   ${base}/services/collector/event`, `Token: ${K}    (sent as "Authorization: Splunk ${K}")`, 'Indexer acknowledgement: off'].join('\n'),
    },
  ];
}

function listener(t: SnippetTarget): Snippet[] {
  const port = t.listenPort === null ? 'PORT' : String(t.listenPort);
  if (t.type === 'gelf') {
    return [
      {
        id: 'docker-gelf',
        label: 'Docker (gelf log driver)',
        where: '/etc/docker/daemon.json',
        text: JSON.stringify({ 'log-driver': 'gelf', 'log-opts': { 'gelf-address': `udp://${t.host}:${port}` } }, null, 2),
      },
      {
        id: 'logstash-gelf',
        label: 'Logstash (gelf output)',
        where: 'pipeline .conf',
        text: ['output {', `  gelf { host => "${t.host}" port => ${port} }`, '}'].join('\n'),
      },
      {
        id: 'gelf-http',
        label: 'GELF over HTTP',
        where: 'any GELF HTTP sender',
        text: [`POST ${t.baseUrl}/gelf`, `X-DF-Source-Key: ${K}`, 'Content-Type: application/json'].join('\n'),
      },
    ];
  }
  if (t.type === 'syslog' || t.type === 'cef') {
    return [
      {
        id: 'rsyslog',
        label: 'rsyslog (TCP, RFC 5424)',
        where: '/etc/rsyslog.d/60-watchpost.conf',
        text: `*.* action(type="omfwd" target="${t.host}" port="${port}" protocol="tcp" template="RSYSLOG_SyslogProtocol23Format")`,
      },
      {
        id: 'syslog-ng',
        label: 'syslog-ng (TCP, RFC 5424)',
        where: '/etc/syslog-ng/conf.d/watchpost.conf',
        text: [`destination d_watchpost { syslog("${t.host}" transport("tcp") port(${port})); };`, 'log { source(s_src); destination(d_watchpost); };'].join(
          '\n',
        ),
      },
    ];
  }
  return [];
}

/** The snippets for a source: its listener's shippers first (syslog, CEF, GELF), then every HTTP protocol shipper. */
export function shipperSnippets(t: SnippetTarget): Snippet[] {
  return [...listener(t), ...http(t.baseUrl)];
}
