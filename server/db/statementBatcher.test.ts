import { StatementBatcher } from './statementBatcher';

/** A batcher whose statements are recorded: each batch's items, and each item run alone. */
function recorded(): { batcher: StatementBatcher<number, string>; statements: number[][] } {
  const statements: number[][] = [];
  const batcher = new StatementBatcher<number, string>(
    'test',
    async (items) => {
      statements.push(items);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return items.map((i) => `answer ${i}`);
    },
    async (item) => {
      statements.push([item]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return `answer ${item}`;
    },
  );
  return { batcher, statements };
}

describe('Statements in batches', () => {
  it('When requests come in one turn of the event loop with no statement in flight, Then they go in one statement, each answered its own', async () => {
    const { batcher, statements } = recorded();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.run(i)));
    expect(answers).toEqual(['answer 1', 'answer 2', 'answer 3', 'answer 4', 'answer 5']);
    expect(statements).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('When a request comes alone, Then it goes alone, and those arriving while it is in flight go together in the next statement', async () => {
    const { batcher, statements } = recorded();
    const first = batcher.run(1);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const rest = [2, 3, 4].map((i) => batcher.run(i));
    expect(await first).toBe('answer 1');
    expect(await Promise.all(rest)).toEqual(['answer 2', 'answer 3', 'answer 4']);
    expect(statements).toEqual([[1], [2, 3, 4]]);
  });
});
