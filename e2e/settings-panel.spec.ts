// The settings panel: choices persist per browser; lab controls are for admins.
import { expect, needsPrivateStack, storageStateFor, test } from './fixtures';

const LABELS = ['Read-your-writes', 'Wait for projection', 'Version polling', 'Optimistic updates', 'Live notifications', 'Stale-while-revalidate'];

test.describe('as a customer', () => {
  test.use({ storageState: storageStateFor('alice') });

  test('defaults to optimistic + live, and toggles persist across reload', async ({ page }) => {
    await page.goto('/');
    // Which strategies are on shows on every page, and opens the panel.
    await expect(page.getByTestId('active-strategies')).toContainText('Strategies: Optimistic updates + Live notifications');
    await page.getByTestId('active-strategies').getByRole('button', { name: 'change' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.getByRole('button', { name: 'Close settings' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    const states = await Promise.all(LABELS.map((l) => dialog.getByRole('checkbox', { name: l }).isChecked()));
    expect(states).toEqual([false, false, false, true, true, false]);
    // What each combination means is written where the choice is made.
    await dialog.getByText('How strategies combine').click();
    await expect(dialog.getByText('Read-your-writes + wait')).toBeVisible();

    await dialog.getByRole('checkbox', { name: 'Read-your-writes' }).check();
    await dialog.getByRole('checkbox', { name: 'Live notifications' }).uncheck();
    await expect(page.getByTestId('active-strategies')).toContainText('Strategies: Read-your-writes + Optimistic updates');
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('dialog').getByRole('checkbox', { name: 'Read-your-writes' })).toBeChecked();
    await expect(page.getByRole('dialog').getByRole('checkbox', { name: 'Live notifications' })).not.toBeChecked();
  });

  test('sees the lab settings read-only, and the lab API refuses to change them', async ({ page }) => {
    needsPrivateStack('it needs DEMO_MODE=0, and npm start runs in demo mode (customers may use the lab there)');
    await page.goto('/');
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('lab-readonly')).toContainText('Projection delay');
    await expect(dialog.getByLabel('Projection delay (ms)')).toHaveCount(0);
    await expect(dialog.getByRole('checkbox', { name: 'Pause projector' })).toHaveCount(0);
    const res = await page.request.put('/api/lab', { data: { paused: true } });
    expect(res.status()).toBe(403);
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('changes the lab settings from the panel', async ({ page, lab }) => {
    await lab({});
    await page.goto('/');
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Projection delay (ms)').fill('700');
    await dialog.getByRole('button', { name: 'Apply delay' }).click();
    await dialog.getByRole('checkbox', { name: 'Pause projector' }).check();
    await expect(dialog.getByRole('checkbox', { name: 'Pause projector' })).toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: 'Fail next command' })).not.toBeChecked();
    // The checkbox answers the click at once; the server's copy follows when the PUT lands.
    await expect.poll(async () => (await page.request.get('/api/lab')).json()).toMatchObject({ delayMs: 700, paused: true });
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('dialog').getByRole('checkbox', { name: 'Pause projector' })).toBeChecked();
    await expect(page.getByRole('dialog').getByLabel('Projection delay (ms)')).toHaveValue('700');
  });
});
