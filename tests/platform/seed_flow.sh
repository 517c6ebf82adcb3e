#!/bin/sh
# The seed's reference flow, literally, with clonectl in place of gc. Run by
# test_seed_flow with XENSTORED_PATH, CLONEDECK_DOMID=1 (the master), CLIENT_KEY
# and KNOWN_HOSTS (the master's host key under the alias clonedeck-master: every
# clone must present exactly that key) in the environment.
set -eu

TICKET=`clonectl rt 1 1 1 60000 | awk '{ print $2 }'`
test -n "$TICKET" || { echo "failed to get resources" >&2; exit 16; }
clonectl clone $TICKET
clonectl ismaster
IP_ADDRESS=`clonectl ltd $TICKET | grep ip | awk '{ print $2 }'`
PORT=`clonectl ltd $TICKET | grep '^port ' | awk '{ print $2 }'`

ssh_clone() {
    ssh -i "$CLIENT_KEY" -p "$PORT" -o BatchMode=yes -o IdentitiesOnly=yes \
        -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$KNOWN_HOSTS" -o HostKeyAlias=clonedeck-master \
        "$IP_ADDRESS" "$@"
}
# The build agent, speaking over stdin/stdout.
printf 'build seed\nexit 0\n' | ssh_clone sh agent.sh
echo "clone-ip $IP_ADDRESS"
# Run on the clone: it ends itself, no report to the master. The clone may vanish
# before ssh hears the exit status, so only the platform's view is checked afterwards.
ssh_clone clonectl join noreport || true
