/* jobs.c - resolving -j N to a thread count. */
#include "jobs.h"

#include <unistd.h>

unsigned jobs_resolve(int requested)
{
    if (requested > 0)
        return (unsigned)requested;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}
