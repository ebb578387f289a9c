import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { ROOT } from '../support/constants';

/** Debian's Chromium (scripts/ensure-chromium.sh installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const WEB_DIST = join(ROOT, 'apps', 'web', 'dist');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
/** The screenshots the README shows (refreshed by `npm run screenshots`). */
export const DOCS_SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');

/** Fails with the fix in the message when a prerequisite of the browser tests is missing. */
export function assertBrowserPrerequisites(): void {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: build the web app first (npm run build:web)`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's Chromium (bash scripts/ensure-chromium.sh)`);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Chromium for the tests of one describe block (call it there: it registers the hooks). Chromium
 * starts before the block's own set-up, each test's pages are closed after it, Chromium at the
 * end. Every page is a fresh browser profile with its own client address (per-IP login limits
 * never meet), 1280x900 unless a viewport is given.
 */
export function chromiumPages(contextOptions: BrowserContextOptions = {}): {
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
} {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    assertBrowserPrerequisites();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(viewport = { width: 1280, height: 900 }) {
      if (!browser) throw new Error('Chromium is not running: call chromiumPages() inside describe');
      const context = await browser.newContext({ ...contextOptions, viewport });
      contexts.push(context);
      return context.newPage();
    },
  };
}

/** Signs in through the sign-in form, as a user would. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * The top of the page as a user sees it (one viewport), for the README. Written to
 * test-results/screenshots/docs/<name>.png on every run, and to docs/screenshots/<name>.png only
 * when UPDATE_DOCS_SCREENSHOTS=1 (`npm run screenshots`), so a test run leaves the checkout clean.
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  const directory = process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? DOCS_SCREENSHOT_DIR : join(SCREENSHOT_DIR, 'docs');
  mkdirSync(directory, { recursive: true });
  await page.evaluate(() => (globalThis as unknown as { scrollTo: (x: number, y: number) => void }).scrollTo(0, 0));
  await page.screenshot({ path: join(directory, `${name}.png`), fullPage: false });
}

/**
 * Retries an assertion until it passes or `timeoutMs` elapses (playwright-core has no
 * auto-retrying `expect`; @playwright/test's runner is not used here), then throws its last error.
 */
export async function eventually(assertion: () => Promise<void>, timeoutMs = 5000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** The visible text of the locator's single element (whitespace trimmed). */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText({ timeout: 1000 })).trim();
}
