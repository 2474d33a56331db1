import { parentPort } from 'node:worker_threads';
import { bootGuest } from '../../../main/abstractMachine/guestBoot.ts';

parentPort!.postMessage(process.argv.includes('--empty') ? { bootMs: 0 } : bootGuest());
