/**
 * The export-corner models of zoo.ts (DAG with Add, asymmetric 'same' pads, GRU, Bidirectional,
 * masking with padding anywhere, ...) exported and run in Keras 3: predictions must match the
 * playground's within 1e-5 (1e-4 with convolutions). One Python process for all.
 */
import { exportKeras } from '../../src/io/keras/export-keras';
import { describeZooInPython } from './zoo-python';

describeZooInPython('Keras 3', exportKeras, 'keras', 'test/export/py/keras_predict.py');
