// npm run sync: writes the generated parts of package.json and README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { configuration, replaceTable, untrustedWorkspaces } from './manifest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes.configuration = configuration();
pkg.capabilities.untrustedWorkspaces = untrustedWorkspaces();
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
writeFileSync('README.md', replaceTable(readFileSync('README.md', 'utf8')));
console.log('package.json configuration, untrusted-workspace capability and README rules table written from the registry');
