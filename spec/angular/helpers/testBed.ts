// The Angular test environment of the Karma specs, imported first by each of them.
// JIT: components are compiled in the browser, so the compiler must be loaded before
// any is used. The specs are zoneless (no zone.js is installed): each configures
// provideZonelessChangeDetection(), as an application on Angular 22 does.
// Karma bundles every spec into one file, so this module runs once.
import '@angular/compiler';
import { getTestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';

getTestBed().initTestEnvironment(BrowserTestingModule, platformBrowserTesting(), { teardown: { destroyAfterEach: true } });
