/** The local run's report: terminal summary, self-contained HTML page, JSON figures. */
export type { LocalRunFigures } from './figures';
export { renderHtmlReport } from './html';
export { renderTerminalReport, shouldUseColor, type TerminalReportOptions } from './terminal';
export { HTML_REPORT_FILE, JSON_REPORT_FILE, writeReports, type WrittenReports } from './write';
