/* jobs.h - how many threads -j N means; shared by every layer that runs threads
 * (the evtx chunk pool, file read-ahead, dump). */
#ifndef TRAWL_JOBS_H
#define TRAWL_JOBS_H

/* Threads to use for -j N: N, or the online cores (at most 256) when N is 0. */
unsigned jobs_resolve(int requested);

#endif
