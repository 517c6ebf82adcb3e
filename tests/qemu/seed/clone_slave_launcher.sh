#!/bin/bash
#
# GridCentric Copper's clone_slave_launcher.sh, as issue 13 quotes it, run by
# test_qemu_guest_gc inside the master VM. Two changes, both marked: the 60 s
# wait is shortened, and `java` in the guest is a stand-in for the Hudson slave
# (tests/qemu/seed/java), so the `ssh ... java -jar slave.jar` line stays as it was.

# Reserve one clone: 1 clone, 1 VCPU, 1 MB, wait up to 60 s.
TICKET=`gc rt 1 1 1 60000 | awk '{print $2}'`
if [ -z "$TICKET" ]; then
    echo "failed to get resources"
    exit 1
fi

# The clone operation is kinda like fork(), afterwards there will be 2 copies
# of this script running. One on the master virtual machine (this one) and
# another on the clone virtual machine.
gc clone $TICKET

gc ismaster
if [ $? -eq 0 ]; then
    # The master: start the slave on the clone, over the private network.
    gc ltd $TICKET
    IP_ADDRESS=`gc ltd $TICKET | grep ip | awk '{print $2}'`
    ssh $IP_ADDRESS java -jar slave.jar
else
    # The clone: the CI server was copied along with everything else; only
    # the master's should run.
    pkill -f hudson.war
    # Give the slave time to start, then wait for it to finish.
    sleep 15 # changed: 60 in the seed
    while pgrep -f slave.jar > /dev/null; do
        sleep 1
    done
    gc join noreport
fi
