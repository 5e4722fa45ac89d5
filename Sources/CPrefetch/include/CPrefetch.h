// A hint to the processor to start loading a cache line ahead of use. Swift has no prefetch of its
// own; deferred acceptance uses this to overlap the memory latency of rejected pupils' next
// applications (Sources/Allocation/DeferredAcceptance.swift). It never changes what a program computes.
#ifndef FAIRPLACES_CPREFETCH_H
#define FAIRPLACES_CPREFETCH_H

static inline __attribute__((always_inline)) void fp_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
