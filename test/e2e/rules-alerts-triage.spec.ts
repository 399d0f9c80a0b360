/**
 * Issue 10 items 3, 4, 7, 8 in a real browser: an event-time Preview over a backfill (late firings
 * reported), the unsaved-edits guard of the rule editor, a storm of alerts coalesced into one toast,
 * triage (assignee, note, resolution reason, bulk undo), the absence pivot landing on the source's
 * last events, and a redelivered row turning "delivered" without a refresh.
 */
import { test, expect, navLink, snap, sourceWithKey } from './fixtures.ts';
import type { Alert, EndpointCreated, ListOf } from '../../shared/types.ts';

const MINUTE = 60_000;

async function post(ingestUrl: string, key: string, events: object[]): Promise<void> {
  const res = await fetch(ingestUrl, {
    method: 'POST',
    headers: { 'X-DF-Source-Key': key, 'Content-Type': 'application/x-ndjson' },
    body: events.map((e) => JSON.stringify(e)).join('\n'),
  });
  expect(res.status).toBeLessThan(300);
}

test('Preview on a backfill fires only where event time is dense, and says the firing is late; leaving unsaved edits asks first', async ({
  page,
  api,
  ingestUrl,
}) => {
  const { key } = await sourceWithKey(api, { name: 'vpn-gateway', rateLimit: 10_000 });
  // A day of failed logins uploaded at once: 10 addresses, one every 12 minutes each, plus one real burst at 04:00 event time.
  const now = Date.now();
  const events: object[] = [];
  for (let i = 0; i < 110; i++) {
    for (let a = 0; a < 10; a++)
      events.push({
        timestamp: new Date(now - 22 * 60 * MINUTE + i * 12 * MINUTE + a * 1000).toISOString(),
        outcome: 'failure',
        action: 'login',
        message: 'auth failed',
        src_ip: `10.0.0.${a}`,
      });
  }
  for (let i = 0; i < 9; i++)
    events.push({
      timestamp: new Date(now - 20 * 60 * MINUTE + i * 5000).toISOString(),
      outcome: 'failure',
      action: 'login',
      message: 'auth failed',
      src_ip: '203.0.113.9',
    });
  for (let i = 0; i < events.length; i += 500) await post(ingestUrl, key, events.slice(i, i + 500));

  await navLink(page, 'Rules').click();
  await page.getByTestId('add-rule').click();
  const form = page.getByTestId('rule-form');
  await form.getByLabel('Rule Name').fill('Failed logins per source address');
  await form.getByTestId('rule-type').selectOption('threshold');
  await form.getByTestId('match-condition').check();
  await form.getByTestId('rule-condition').fill('outcome:failure action:login');
  await form.getByLabel('Threshold count').fill('5');
  await form.getByLabel('Window (mins)').fill('5');
  await form.getByTestId('rule-group-by').fill('raw.src_ip');
  await form.getByTestId('preview-rule').click();
  const result = page.getByTestId('preview-result');
  await expect(result).toContainText('Would have fired 1 time');
  await expect(result).toContainText('raw.src_ip:203.0.113.9');
  await expect(page.getByTestId('preview-late')).toContainText('came from late data');
  await result.scrollIntoViewIfNeeded();
  await snap(page, 'rules-preview-backfill-late');

  // Unsaved edits: leaving asks; "stay" keeps everything, "leave" goes.
  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await navLink(page, 'Alerts').click();
  expect(asked[0]).toContain('unsaved changes');
  await expect(form.getByTestId('rule-condition')).toHaveValue('outcome:failure action:login');
  page.once('dialog', (d) => void d.accept());
  await navLink(page, 'Alerts').click();
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
});

test('a storm of alerts is one toast; triage with assignee, note and reason; bulk undo', async ({ page, api, ingestUrl }) => {
  const { key } = await sourceWithKey(api, { name: 'bastion', rateLimit: 10_000 });
  const rule = await api('POST', '/v1/config/rules', {
    name: 'Brute force',
    severity: 'error',
    ruleType: 'threshold',
    thresholdCount: 0,
    thresholdWindowMinutes: 5,
    thresholdGroupBy: 'user',
    condition: 'outcome:failure',
  });
  expect(rule.status).toBe(200);
  const at = new Date().toISOString();
  await post(
    ingestUrl,
    key,
    Array.from({ length: 12 }, (_, i) => ({ timestamp: at, user: `user${i}`, outcome: 'failure', message: 'Failed password' })),
  );

  const toast = page.getByTestId('alert-toast');
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText('12 new alerts from Brute force');
  await expect(page.getByTestId('alerts-unread')).toHaveText('12');
  await snap(page, 'alerts-toast-coalesced');
  await toast.getByTestId('alert-toast-link').click();
  await expect(page.getByTestId('alert-toasts')).toHaveCount(0);
  const detail = page.getByTestId('alert-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('alert-row')).toHaveCount(12);

  await detail.getByTestId('alert-assignee').fill('dana');
  await detail.getByTestId('alert-assignee-save').click();
  await detail.getByTestId('alert-note-input').fill('Same /24 as last week’s spray; blocking at the edge.');
  await detail.getByTestId('alert-note-add').click();
  await expect(detail.getByTestId('alert-notes')).toContainText('blocking at the edge');
  await detail.getByTestId('alert-resolution').selectOption('true_positive');
  await detail.getByTestId('alert-resolve-with-reason').click();
  await expect(detail).toContainText('Resolved as True positive');
  await snap(page, 'alerts-triage-notes');
  const stored = (await api<ListOf<Alert>>('GET', '/v1/alerts?status=resolved')).body.data.items;
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    assignee: 'dana',
    resolutionReason: 'true_positive',
    notes: [expect.objectContaining({ text: expect.stringContaining('blocking') })],
  });

  // Bulk acknowledge three, then undo: they are open again.
  const rows = page.getByTestId('alert-row');
  for (let i = 1; i <= 3; i++) await rows.nth(i).getByRole('checkbox').check();
  await page.getByTestId('bulk-acknowledge').click();
  await expect(page.getByTestId('bulk-undo')).toContainText('Undo acknowledged of 3');
  await snap(page, 'alerts-bulk-undo');
  await page.getByTestId('bulk-undo').click();
  await expect.poll(async () => (await api<ListOf<Alert>>('GET', '/v1/alerts?status=acknowledged')).body.data.items.length).toBe(0);
});

test('an absence alert opens the Log Viewer on the source’s last events before the silence', async ({ page, api, ingestUrl }) => {
  test.setTimeout(240_000);
  const { key } = await sourceWithKey(api, { name: 'fw-edge-02' });
  await api('POST', '/v1/config/rules', { name: 'Firewall silent', severity: 'critical', ruleType: 'absence', absenceWindowMinutes: 1 });
  await post(ingestUrl, key, [
    { timestamp: new Date(Date.now() - 20 * MINUTE).toISOString(), message: 'session table 71% full' },
    { timestamp: new Date(Date.now() - 5000).toISOString(), message: 'link down on eth1, failing over' },
  ]);
  await navLink(page, 'Alerts').click();
  const row = page.getByTestId('alert-row');
  await expect(row).toHaveCount(1, { timeout: 150_000 });
  await expect(row).toContainText('no events from fw-edge-02');
  await row.getByRole('link').click();
  const detail = page.getByTestId('alert-detail');
  await expect(detail.getByTestId('alert-query')).toHaveText('source:="fw-edge-02"');
  await expect(detail.getByTestId('alert-group')).toHaveText('source fw-edge-02');
  await detail.getByTestId('open-in-log-viewer').click();
  await expect(page.getByText('link down on eth1, failing over').first()).toBeVisible();
  await expect(page.getByText('session table 71% full').first()).toBeVisible();
  await snap(page, 'alerts-absence-pivot');
});

test('a redelivered row turns delivered in place, without Refresh', async ({ page, api, receiver }) => {
  const { pki, rx } = await receiver('E2E Redelivery', '/hook');
  const ep = (await api<EndpointCreated>('POST', '/v1/config/endpoints', { name: 'SOC SIEM', url: rx.url, caCertPem: pki.caCertPem, categories: [] })).body
    .data;
  rx.queue.push({ status: 401, body: '{"error":"token expired"}' });
  await api('POST', `/v1/config/endpoints/${ep.id}/test`);
  await navLink(page, 'SIEM forwarding').click();
  const log = page.getByTestId('delivery-log');
  const failed = log.locator('[data-testid="delivery-row"][data-status="failed"]');
  await expect(failed).toHaveCount(1);
  const id = (await failed.getAttribute('data-delivery-id'))!;
  await failed.getByTestId('redeliver').click();
  const row = log.locator(`[data-delivery-id="${id}"]`);
  await expect(row).toHaveAttribute('data-status', 'delivered');
  await expect(row).not.toContainText('Pending');
  await snap(page, 'forwarding-redelivered-in-place');
});
