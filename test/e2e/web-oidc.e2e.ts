import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { chromiumPages, eventually, screenshot, textOf } from '../browser/chromium';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import {
  startIdentityProvider,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type TestIdentityProvider,
} from '../support/oidc-provider';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { freePort } from '../support/redis-server';

describe('web app: sign in with the identity provider (Chromium, oidc-provider on loopback)', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let idp: TestIdentityProvider;
  let api: RunningApi;

  const { newPage } = chromiumPages();

  beforeAll(async () => {
    database = await createTestDatabase('web_oidc');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({
      redirectUris: [`${apiUrl}/auth/oidc/hospital/callback`],
      postLogoutRedirectUris: [`${apiUrl}/`],
    });
    idp.accounts.set('olga', {
      email: 'olga@hospital.example',
      name: 'Olga Oncologist-Provider',
      groups: ['crc-oncology'],
    });
    idp.accounts.set('walter', { email: 'walter@hospital.example', name: 'Walter Without-Group', groups: ['staff'] });
    api = await startApi(
      testConfig({
        DATABASE_URL: database.url,
        PORT: String(port),
        PUBLIC_BASE_URL: apiUrl,
        OIDC_PROVIDERS: 'hospital',
        OIDC_HOSPITAL_LABEL: 'St Elsewhere',
        OIDC_HOSPITAL_ISSUER: idp.issuer,
        OIDC_HOSPITAL_CLIENT_ID: TEST_CLIENT_ID,
        OIDC_HOSPITAL_CLIENT_SECRET: TEST_CLIENT_SECRET,
        OIDC_HOSPITAL_SCOPES: 'openid profile email groups',
        OIDC_HOSPITAL_GROUP_MAP: JSON.stringify([
          { group: 'crc-oncology', board: DEMO_BOARD_NAME, role: 'CLINICIAN', specialty: 'MEDICAL_ONCOLOGY' },
        ]),
      }),
    );
  });

  afterAll(async () => {
    await api?.close();
    await idp?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  /** From the app's sign-in screen through the provider's own login page. */
  async function signInAtProvider(page: Awaited<ReturnType<typeof newPage>>, login: string): Promise<void> {
    await page.goto(api.url);
    await page.getByRole('link', { name: 'Sign in with St Elsewhere' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.getByPlaceholder('Enter any login').fill(login);
    await page.getByPlaceholder('and password').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  it('a clinician clicks "Sign in with St Elsewhere", signs in at the provider, lands in the app, and signs out at both', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(api.url);
    // The provider's button beside the password form.
    await page.getByRole('link', { name: 'Sign in with St Elsewhere' }).waitFor();
    expect(await page.getByLabel('Password').count()).toBe(1);
    await screenshot(page, 'oidc-sign-in-screen');

    await signInAtProvider(page, 'olga');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).origin).toBe(api.url);
    // The one-time code is gone from the address bar.
    expect(page.url()).not.toContain('oidc=');
    await eventually(async () =>
      expect(await textOf(page.locator('.who'))).toBe('Olga Oncologist-Provider (clinician)'),
    );
    const user = await prisma.user.findUniqueOrThrow({
      where: { email: 'olga@hospital.example' },
      include: { memberships: { include: { board: true } } },
    });
    expect(user.memberships.map((membership) => membership.board.name)).toEqual([DEMO_BOARD_NAME]);

    // Signing out ends the provider's session too: its confirmation page, then back to the app.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((url) => url.origin === api.url);
    await page.getByRole('link', { name: 'Sign in with St Elsewhere' }).waitFor();
    expect(await prisma.refreshToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(errors).toEqual([]);
  });

  it('someone in no mapped group is told in words why, on the sign-in screen', async () => {
    const page = await newPage();
    await signInAtProvider(page, 'walter');
    await page.waitForURL((url) => url.origin === api.url);
    await eventually(async () =>
      expect(await textOf(page.getByRole('alert'))).toContain('gives no access to Consilium'),
    );
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await screenshot(page, 'oidc-no-access');
  });
});
