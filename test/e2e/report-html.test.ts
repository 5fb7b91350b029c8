/**
 * The HTML report in a real browser: the page the local run writes must open from disk in
 * Chromium with no error, draw every chart with its data, and fetch nothing from anywhere.
 * Uses the Debian `chromium` package (no browser download: CI reaches only npm and Debian).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { writeReports } from '../../scripts/local-run/report/write';
import { CHART_IDS } from '../../scripts/local-run/report/svg';
import { launchChromium, watchedPage } from '../fixtures/chromium';
import { HOSTILE_PATH, expectedChartMarks, localRunFigures } from '../fixtures/local-run-figures';

describe('the HTML report in Chromium', () => {
  const figures = localRunFigures();
  let directory = '';
  let browser: Browser;
  let page: Page;
  let fileUrl = '';
  const requested: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'report-html-'));
    const { htmlPath } = await writeReports(figures, directory);
    fileUrl = pathToFileURL(htmlPath).href;
    browser = await launchChromium();
    page = await watchedPage(browser, problems);
    // Anything but the file itself is recorded and refused, so the test never reaches a network.
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      requested.push(url);
      await (url === fileUrl ? route.continue() : route.abort('blockedbyclient'));
    });
    await page.goto(fileUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (directory !== '') rmSync(directory, { recursive: true, force: true });
  });

  it('loads with no console error and no page error', () => {
    expect(problems).toEqual([]);
  });

  it('requests nothing but the file itself', () => {
    expect(requested).toEqual([fileUrl]);
  });

  it.each(CHART_IDS.map((id) => [id]))(
    'shows the %s chart with one mark per data point',
    async (id) => {
      const chart = page.locator(`svg[data-chart="${id}"]`);

      expect(await chart.count()).toBe(1);
      await chart.scrollIntoViewIfNeeded();
      expect(await chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(0);
      expect(box?.height).toBeGreaterThan(0);
      expect(await chart.locator('[data-value]').count()).toBe(expectedChartMarks(figures)[id]);
      expect(await chart.getAttribute('role')).toBe('img');
      expect(await chart.getAttribute('aria-label')).toBeTruthy();
    },
  );

  it('gives every data mark a tooltip', async () => {
    const marks = await page.locator('[data-value]').count();
    // The browser's own selector engine (the tsconfig has no DOM types for a typed callback).
    const withoutTitle = await page.evaluate<number>(
      "document.querySelectorAll('[data-value]:not(:has(> title))').length",
    );

    expect(marks).toBe(Object.values(expectedChartMarks(figures)).reduce((a, b) => a + b, 0));
    expect(withoutTitle).toBe(0);
  });

  it('draws the bot ceiling as a dashed line across the traffic chart', async () => {
    const threshold = page.locator('svg[data-chart="requests-per-minute"] line.threshold');

    expect(await threshold.count()).toBe(1);
    expect(await threshold.getAttribute('data-threshold')).toBe(
      String(figures.analytics.botThreshold),
    );
    expect(await threshold.getAttribute('stroke-dasharray')).toBeTruthy();
    const box = await threshold.boundingBox();
    expect(box?.width).toBeGreaterThan(0);
  });

  it('shows a hostile URL from the logs as text, not markup', async () => {
    expect(await page.locator('script').count()).toBe(0);
    const cells = figures.analytics.queries
      .flatMap((query) => query.rows)
      .flatMap((row) => Object.values(row))
      .filter((value) => value === HOSTILE_PATH).length;
    expect(cells).toBeGreaterThan(0);
    expect(await page.getByRole('cell', { name: HOSTILE_PATH, exact: true }).count()).toBe(cells);
  });
});
