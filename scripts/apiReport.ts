// The API reports in api-report/: one per entry point of package.json `exports`,
// written by API Extractor from the built declarations (dist/esm/**/*.d.ts), as
// Angular keeps its golden files. `npm run api` rewrites them; npm test compares
// (spec/package/apiReport.node.spec.ts), so that every change of the published
// API shows in review as a change of these files.
import { CompilerState, Extractor, ExtractorConfig, type IConfigFile } from '@microsoft/api-extractor';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { entryPoints, root, type EntryPoint } from './entryPoints.js';

export const REPORT_FOLDER = path.join(root, 'api-report');

/** `rx-task-tracker.api.md`, `rx-task-tracker-devtools-server.api.md`. */
export function reportFileName(entry: EntryPoint): string {
  return `${entry.specifier.replaceAll('/', '-')}.api.md`;
}

/** What API Extractor made of one entry point. */
export interface EntryReport {
  readonly entry: EntryPoint;
  /** The report as the declarations give it today (in the package folder). */
  readonly file: string;
  /** The committed report differs, or there is none. */
  readonly changed: boolean;
  /** Errors and warnings API Extractor printed (those it writes into the report are not repeated). */
  readonly problems: readonly string[];
}

/**
 * Runs API Extractor on the declarations of `packageDir/dist/esm` for every entry
 * point (one compiler run serves them all) and writes the reports into
 * `packageDir/api-report`; `update` copies them into api-report/ when every one
 * could be written. Says which differ from the committed ones.
 */
export function apiReports(packageDir: string, mode: 'update' | 'check'): EntryReport[] {
  const entries = entryPoints();
  const typings = (entry: EntryPoint) => path.join(packageDir, entry.files.esmTypes);
  const tempFolder = path.join(packageDir, 'api-report');
  mkdirSync(tempFolder, { recursive: true });
  // API Extractor reads the TSDoc tags from the project folder's tsdoc.json: ours adds `@category` and `@since`.
  copyFileSync(path.join(root, 'tsdoc.json'), path.join(packageDir, 'tsdoc.json'));
  let compilerState: CompilerState | undefined;
  let coreNames = new Set<string>();
  const reports = entries.map((entry): EntryReport => {
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: packageDir,
        mainEntryPointFilePath: typings(entry),
        compiler: {
          overrideTsconfig: {
            compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'] },
            files: entries.map(typings),
          },
        },
        apiReport: { enabled: true, reportFileName: reportFileName(entry), reportFolder: tempFolder, reportTempFolder: path.join(tempFolder, 'temp') },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        newlineKind: 'lf',
        messages: {
          // The consumer spec type-checks the declarations; TypeDoc and the TSDoc spec check the comments.
          compilerMessageReporting: { default: { logLevel: 'none' } },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
          extractorMessageReporting: {
            default: { logLevel: 'warning', addToApiReportFile: true },
            'ae-missing-release-tag': { logLevel: 'none' },
            'ae-undocumented': { logLevel: 'none' },
          },
        },
      } as IConfigFile,
      configObjectFullPath: path.join(packageDir, 'api-extractor.json'),
      packageJsonFullPath: path.join(packageDir, 'package.json'),
    });
    const file = path.join(tempFolder, reportFileName(entry));
    const committed = path.join(REPORT_FOLDER, reportFileName(entry));
    const problems: string[] = [];
    try {
      compilerState ??= CompilerState.create(config, { additionalEntryPoints: entries.map(typings) });
      Extractor.invoke(config, {
        localBuild: true,
        compilerState,
        messageCallback: (message) => {
          if ((message.logLevel === 'error' || message.logLevel === 'warning') && !message.messageId.startsWith('console-api-report')) {
            problems.push(message.formatMessageWithLocation(packageDir));
          }
          message.handled = true;
        },
      });
    } catch (error) {
      problems.push(`API Extractor could not read the declarations: ${(error as Error).message}`);
      writeFileSync(file, `API Extractor could not read the declarations: ${(error as Error).message}\n`);
    }
    const report = readFileSync(file, 'utf8');
    if (entry.subpath === '.') coreNames = exportedNames(report);
    else writeFileSync(file, withoutCoreWarnings(report, coreNames));
    const changed = !existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(file, 'utf8');
    return { entry, file, changed, problems };
  });
  // All or nothing: a subpath's report needs the core's (its names), and half an update would pass for a whole one.
  if (mode === 'update' && reports.every((report) => report.problems.length === 0)) {
    mkdirSync(REPORT_FOLDER, { recursive: true });
    for (const report of reports) copyFileSync(report.file, path.join(REPORT_FOLDER, reportFileName(report.entry)));
    for (const file of staleReports()) rmSync(path.join(REPORT_FOLDER, file));
  }
  return reports;
}

/** Report files in api-report/ that no entry point has any more. */
export function staleReports(): string[] {
  if (!existsSync(REPORT_FOLDER)) return [];
  const kept = new Set(entryPoints().map(reportFileName));
  return readdirSync(REPORT_FOLDER).filter((file) => !kept.has(file));
}

/** The names a report exports. */
function exportedNames(report: string): Set<string> {
  return new Set([...report.matchAll(/^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const|let|enum|namespace) (\w+)/gm)].map((match) => match[1]));
}

/**
 * A subpath's report without API Extractor's warnings about the core's names: it
 * reads each entry point alone, so `TaskTracker` in rx-task-tracker/prometheus is
 * "not exported" (`ae-forgotten-export`) and `{@link TaskTracker}` unresolved
 * (`ae-unresolved-link`), though users import it from `rx-task-tracker`.
 */
function withoutCoreWarnings(report: string, coreNames: ReadonlySet<string>): string {
  const aboutCore = (line: string) => {
    const name = /\((?:ae-forgotten-export|ae-unresolved-link)\) .*"(\w+)"/.exec(line)?.[1];
    return name !== undefined && coreNames.has(name);
  };
  const kept: string[] = [];
  let dropped = false;
  for (const line of report.split('\n')) {
    if (aboutCore(line)) dropped = true;
    // The `//` that separated the dropped warnings from the declaration's tags.
    else if (dropped && line.trim() === '//' && !/\/\/ Warning/.test(kept.at(-1) ?? '')) dropped = false;
    else {
      dropped = false;
      kept.push(line);
    }
  }
  return kept.join('\n');
}
