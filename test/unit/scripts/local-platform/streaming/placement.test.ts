/** The streaming jobs' Python helper, when there is no Python to run it. */
import { PythonNotFoundError } from '../../../../../scripts/local-platform/glue-jobs';
import { PlacementProcess } from '../../../../../scripts/local-platform/streaming/placement';

it('fails the batch with PythonNotFoundError, as the batch jobs do, instead of crashing', async () => {
  const placement = new PlacementProcess('event_time', ['year'], 'no-such-python-3');
  await expect(placement.place(['{}'], new Date())).rejects.toBeInstanceOf(PythonNotFoundError);
  placement.stop();
});
