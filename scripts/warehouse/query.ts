/**
 * `npm run query -- <name> [--param k=v ...]` runs sql/queries/<name>.sql and prints an aligned
 * table; `npm run query -- --list` lists the queries with their descriptions and parameters.
 */
import '../shared/aws-sdk-node-notice';
import { join } from 'node:path';
import { listQueries, loadQuery } from '../../lambdas/shared/warehouse/queries';
import { parseQueryArgs } from './args';
import { runWarehouseCli } from './cli';
import { connect } from './connection';
import { formatTable } from './table';

const USAGE =
  'usage: npm run query -- <name> [--param name=value ...] [--workgroup <name>] [--database <name>] [--endpoint <url|aws>]\n' +
  '       npm run query -- --list';

runWarehouseCli('query', USAGE, parseQueryArgs, async (args) => {
  const { session, sqlDirectory } = connect(args);
  const directory = join(sqlDirectory, 'queries');
  if (args.mode === 'list') {
    for (const query of listQueries(directory)) {
      console.log(`${query.name}  ${query.description}`);
      for (const parameter of query.declared)
        console.log(
          `    --param ${parameter.name}=<value>  ${parameter.description} (default ${parameter.defaultValue})`,
        );
    }
    return;
  }
  const query = loadQuery(directory, args.name, args.params);
  const rows = await session.query(query.sql, query.parameters);
  console.log(formatTable(rows));
});
