#!/usr/bin/env node
// Entry point of `cdk synth|deploy` (see cdk.json). Everything else lives in platform-app.ts
// so tests build exactly the same stacks.
import { App } from 'aws-cdk-lib';
import { addPlatformStacks } from './platform-app';

const app = new App();
addPlatformStacks(app);
app.synth();
