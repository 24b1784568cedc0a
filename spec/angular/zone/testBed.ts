// The Angular test environment of the zone.js specs (*.zone.browser.spec.ts), imported
// first by each of them, as an Angular CLI application's polyfills load zone.js before
// anything else. zone.js patches the browser's globals (timers, Promise, events), so
// these specs run in a Karma run of their own (karma.zone.conf.js), apart from the
// zoneless ones; each configures provideZoneChangeDetection(), as a zone.js
// application does.
import 'zone.js';
import 'zone.js/testing';
import '@angular/compiler';
import { getTestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';

getTestBed().initTestEnvironment(BrowserTestingModule, platformBrowserTesting(), { teardown: { destroyAfterEach: true } });
