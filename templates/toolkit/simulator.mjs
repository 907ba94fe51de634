// Simulator for the "{{name}}" toolkit. Contract (see docs/extending.md in AsyncTool):
// - one function per function of toolkit.yaml, called as fn(state, args, ctx);
// - `state` is a private copy of the toolkit state: change it in place, it is kept only if the call succeeds;
// - return a JSON result; report a tool error with ctx.fail('message the agent can act on');
// - deterministic: no Math.random(), no Date.now(), no I/O. Values a later step consumes are
//   opaque ids from ctx.id(prefix, ...parts), a hash of the parts, so they cannot be guessed.
// Arguments arrive already checked against the `parameters` schema of toolkit.yaml.
// The simulator needs nothing from AsyncTool at run time; the type below (from the public toolkit
// API, `asynctool/toolkit`, the only part of AsyncTool a toolkit uses) lets an editor check it.

/** @type {import('asynctool/toolkit').Simulator} */
export const simulator = {
  toolkit: '{{name}}',
  functions: {
    {{name}}_create_item(state, args, ctx) {
      state.counter += 1;
      const itemId = ctx.id('item', args.title, state.counter);
      state.items[itemId] = { title: args.title };
      return { item_id: itemId };
    },

    {{name}}_get_item(state, args, ctx) {
      const item = state.items[args.item_id];
      if (!item) ctx.fail(`No item with id ${args.item_id}; create it first or check the id.`);
      return { item_id: args.item_id, title: item.title };
    },
  },
};
