import { isReportUrl } from './report-link.dto';

describe(isReportUrl.name, () => {
  it.each([
    ['https://pacs.hospital.example/study/1.2.840.1', true],
    ['https://viewer.example:8443/path?study=1#series', true],
    ['/viewer/pathology/PA-2026-118', true],
    ['/pacs?study=1.2.3', true],
    ['http://pacs.hospital.example/study/1', false],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['file:///etc/passwd', false],
    ['//evil.example/x', false],
    ['/\\evil.example', false],
    ['https://', false],
    ['pacs.hospital.example/study/1', false],
    ['https://pacs.example/a b', false],
    ['', false],
    [`https://pacs.example/${'a'.repeat(2000)}`, false],
  ])('%s -> %s', (url, accepted) => {
    expect(isReportUrl(url)).toBe(accepted);
  });

  it('refuses what is not text', () => {
    expect(isReportUrl(42)).toBe(false);
    expect(isReportUrl(null)).toBe(false);
  });
});
