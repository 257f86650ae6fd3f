// Issue 15, item 10: the panel's revealSource opens only files of the workspace (or open documents).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRevealable } from '../../client/src/revealTarget';

const WS = ['file:///home/dev/driver'];

test('a file of the workspace is opened', () => {
  assert.ok(isRevealable('file:///home/dev/driver/src/offload.c', WS, []));
  assert.ok(isRevealable('file:///home/dev/driver/a%20b.c', WS, []));
});

test('anything else is refused: other schemes, files outside, look-alike folders, .. escapes', () => {
  for (const uri of [
    'javascript:alert(1)',
    'command:workbench.action.terminal.new',
    'https://example.com/x.c',
    'file:///etc/passwd',
    'file:///home/dev/driver2/x.c',
    'file:///home/dev/driver/../secrets/x.c',
    'file:///home/dev/driver/x.c?query',
    'not a uri',
  ]) assert.equal(isRevealable(uri, WS, []), false, uri);
});

test('an open document (an untitled buffer) may be revealed', () => {
  assert.ok(isRevealable('untitled:Untitled-1', WS, ['untitled:Untitled-1']));
});
