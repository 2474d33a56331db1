// Entry module of the load generator's thread in this engine (the generator lives in measure/httpLoad/).
import '../../measure/httpLoad/loadGeneratorWorker.ts';
