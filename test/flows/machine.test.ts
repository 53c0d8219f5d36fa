import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActor } from 'xstate';
import { buildFlowMachine, type FlowContext } from '../../flows/definition.ts';
import { flowDefinitions } from '../../flows/index.ts';

const ctxOf = (a: { getSnapshot(): unknown }) => a.getSnapshot() as { context: FlowContext; value: unknown };

for (const def of Object.values(flowDefinitions)) {
  describe(`${def.name} machine`, () => {
    const machine = buildFlowMachine(def);

    it('starts in the first initial state with the others scheduled', () => {
      const a = createActor(machine).start();
      assert.equal(ctxOf(a).value, def.initialStates[0]);
      assert.deepEqual(ctxOf(a).context.scheduled, def.initialStates.slice(1));
    });

    for (const state of Object.keys(def.states).filter((s) => s !== 'error')) {
      it(`round-trips a persisted snapshot waiting in ${state}`, () => {
        const a = createActor(machine).start();
        a.send({
          type: 'CONTINUE',
          named: [state, 'error'],
          stash: { k: state, sticky: { s: 1 } },
          preventRevert: false,
        });
        assert.equal(ctxOf(a).value, state);
        const json = JSON.parse(JSON.stringify(a.getPersistedSnapshot()));
        const b = createActor(machine, { snapshot: json }).start();
        assert.equal(ctxOf(b).value, state);
        assert.deepEqual(ctxOf(b).context, ctxOf(a).context);
        if (state === def.initialStates[0]) return; // continuing into the same state writes no history
        b.send({ type: 'BACK' });
        assert.equal(
          ctxOf(b).value,
          def.initialStates[0],
          'back returns to where the state was entered from',
        );
        assert.deepEqual(ctxOf(b).context.stash, { sticky: { s: 1 } }, 'sticky data survives back');
      });
    }

    it('a FAIL event moves to error, where nothing else is accepted', () => {
      const a = createActor(machine).start();
      a.send({ type: 'FAIL', stash: {} });
      assert.equal(ctxOf(a).value, 'error');
      a.send({ type: 'CONTINUE', named: [def.initialStates[0] as string], stash: {}, preventRevert: false });
      assert.equal(ctxOf(a).value, 'error');
    });
  });
}
