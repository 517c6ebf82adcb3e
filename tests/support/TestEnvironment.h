#pragma once

// Where the build put things, and private resources for one test process, so
// tests can run in parallel without sharing sockets, run directories or
// loopback addresses.
#include <QString>

namespace clonedeck::test {

QString binDir();    // build/bin: clonedeck, clonectl, clonedeckd
QString libDir();    // build/lib: the hypervisor stub
QString sourceDir(); // the checkout

// A /16 of 127.0.0.0/8 owned by this test process, e.g. "127.93." ; never 127.0.
QString loopbackPrefix();

} // namespace clonedeck::test
