/**
 * Settings → SIEM forwarding: add an endpoint pointing at a real HTTPS receiver started here with
 * its own CA, copy the one-time signing secret, send a test event and see it delivered (and
 * verified with that secret), then a refused test, redelivery from the log, and the write-only
 * auth value on edit.
 */
import { test, expect, navLink, snap } from './fixtures.ts';
import { verifyStandardWebhook } from '../engine/forwarding/helpers/verifier.ts';

test('add endpoint with a private CA, send test event, see it in the delivery log, redeliver', async ({ page, api, receiver }) => {
  const { pki, rx } = await receiver('E2E Receiver', '/siem/hook');

  await navLink(page, 'SIEM forwarding').click();
  await expect(page.getByRole('heading', { name: 'SIEM forwarding', level: 1 })).toBeVisible();
  await expect(page.getByTestId('empty-state')).toContainText('No SIEM endpoints yet');
  await snap(page, 'forwarding-empty');

  // The form refuses http:// before anything is sent.
  await page.getByTestId('add-endpoint').first().click();
  const form = page.getByTestId('endpoint-form');
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Local SIEM');
  await form.getByLabel('Endpoint URL').fill('http://127.0.0.1/hook');
  await form.getByRole('button', { name: 'Add Endpoint' }).click();
  await expect(form.getByText('Use https://')).toBeVisible();

  await form.getByLabel('Endpoint URL').fill(rx.url);
  await form.getByLabel('Private CA certificate (PEM)').fill(pki.caCertPem);
  await form.getByLabel('Auth Type').selectOption({ label: 'Bearer Token' });
  await form.getByLabel('Auth Value').fill('e2e-token-123');
  await snap(page, 'forwarding-add-endpoint');
  await form.getByRole('button', { name: 'Add Endpoint' }).click();

  // The signing secret is shown once, with a copy button.
  const popout = page.getByTestId('secret-popout');
  await expect(popout).toBeVisible();
  const secret = (await popout.getByTestId('signing-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await snap(page, 'forwarding-signing-secret');
  await popout.getByTestId('close-secret-popout').click();
  await expect(popout).toHaveCount(0);
  const listed = await api('GET', '/v1/config/endpoints');
  expect(JSON.stringify(listed.body)).not.toContain(secret);
  expect(JSON.stringify(listed.body)).not.toContain('e2e-token-123');

  const row = page.getByTestId('endpoint-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Generic webhook');
  // Its own endpoint.created audit event is the first thing it receives.
  await expect(row.getByTestId('endpoint-health')).toHaveAttribute('data-health', 'healthy');
  await expect.poll(() => rx.requests.some((r) => r.body.includes('"type":"endpoint.created"'))).toBe(true);

  // Send Test Event → delivered, signed, in the log.
  await row.getByTestId('send-test').click();
  const result = page.getByTestId('test-result');
  await expect(result).toHaveAttribute('data-state', 'ok');
  await expect(result).toContainText('Test event delivered: HTTP 200');
  const req = rx.requests.find((r) => r.body.includes('siem.test'))!;
  expect(req.headers['authorization']).toBe('Bearer e2e-token-123');
  expect(JSON.parse(req.body)).toMatchObject({ type: 'siem.test', category: 'infrastructure' });
  verifyStandardWebhook(secret, req.headers, req.body, Date.now());
  const log = page.getByTestId('delivery-log');
  await expect(log.getByTestId('delivery-row').first()).toHaveAttribute('data-status', 'delivered');
  await expect(log.getByTestId('delivery-row').first()).toContainText('Test event');
  await expect(row.getByTestId('endpoint-health')).toHaveAttribute('data-health', 'healthy');
  await snap(page, 'forwarding-test-delivered');

  // A refused test is reported with the receiver's answer; Redeliver re-sends it with the same webhook-id.
  rx.queue.push({ status: 401, body: '{"error":"token expired"}' });
  await row.getByTestId('send-test').click();
  await expect(result).toHaveAttribute('data-state', 'failed');
  await expect(result).toContainText('HTTP 401');
  await log.getByTestId('filter-status').selectOption('failed');
  const failedRow = log.getByTestId('delivery-row');
  await expect(failedRow).toHaveCount(1);
  await expect(failedRow).toContainText('token expired');
  await snap(page, 'forwarding-test-failed');
  const failedHook = rx.requests.at(-1)!.headers['webhook-id'];
  const failedId = (await failedRow.getAttribute('data-delivery-id'))!;
  await failedRow.getByTestId('redeliver').click();
  await log.getByTestId('filter-status').selectOption('');
  await expect.poll(() => rx.requests.filter((r) => r.headers['webhook-id'] === failedHook).length).toBe(2);
  await expect(log.locator(`[data-delivery-id="${failedId}"]`)).toHaveAttribute('data-status', 'delivered');
  await snap(page, 'forwarding-delivery-log');

  // Edit: the stored auth value is write-only ("Set" + "Change").
  await row.getByRole('link', { name: 'Edit Local SIEM' }).click();
  await expect(form.getByTestId('auth-value-set')).toBeVisible();
  await expect(form.getByTestId('auth-value')).toHaveCount(0);
  await form.getByTestId('change-auth-value').click();
  await expect(form.getByTestId('auth-value')).toHaveValue('');
  await snap(page, 'forwarding-edit');
});
