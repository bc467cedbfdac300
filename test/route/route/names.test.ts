import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../../src/errors.js';
import { nameTable, routeProtocolNames, routeTableNames, routeTypeNames } from '../../../src/route/route/names.js';

test('name tables name numbers (the first name declared wins) and give others back as numbers, small or large', () => {
  const names = { one: 1, uno: 1, two: 2, big: 70_000 } as const;
  for (const max of [255, 0xffffffff]) {
    const t = nameTable('thing', names, max);
    assert.equal(t.name(1), 'one', `max ${max}: the first of two names`);
    assert.equal(t.name(2), 'two');
    assert.equal(t.name(3), 3, 'a number without a name');
    assert.equal(t.name(0), 0);
    assert.equal(t.name(-1), -1);
    assert.equal(t.name(1.5), 1.5);
    assert.equal(t.name(max + 1), max + 1, 'past the range');
    assert.equal(t.name(70_000), max === 255 ? 70_000 : 'big', 'a name past a small range is not looked up');
    assert.equal(t.value('uno', 'x'), 1);
    assert.equal(t.value(7, 'x'), 7);
    assert.throws(() => t.value(max + 1, 'x'), InvalidArgumentError);
    assert.throws(() => t.value('three', 'x'), /unknown thing "three"/);
  }
  assert.deepEqual(
    [routeTypeNames.name(1), routeTypeNames.name(6), routeProtocolNames.name(4), routeTableNames.name(254)],
    ['unicast', 'blackhole', 'static', 'main'],
  );
  assert.equal(routeTableNames.name(1000), 1000);
});
