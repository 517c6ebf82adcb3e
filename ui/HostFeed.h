#pragma once

// Feeds one kind of record (domains, tickets) of every host's mirror into a model that keys its
// rows by host: the records a mirror already holds first, then each change with the host's name,
// and the host's rows dropped when its connection is removed. Views call it once per model.
#include "ClusterMirror.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"

namespace clonedeck {

template<typename Info, typename Model, typename Records>
void feedFromEveryHost(PlatformConnections *platforms, Model *model, Records records,
                       void (ClusterMirror::*added)(const Info &),
                       void (ClusterMirror::*changed)(const Info &, const Info &),
                       void (ClusterMirror::*removed)(const Info &),
                       void (Model::*add)(const QString &, const Info &),
                       void (Model::*change)(const QString &, const Info &, const Info &),
                       void (Model::*remove)(const QString &, const Info &))
{
    platforms->follow(
        model,
        [=](PlatformConnection *platform) {
            const QString host = platform->name();
            ClusterMirror *mirror = platform->mirror();
            QObject::connect(mirror, added, model, [=](const Info &info) { (model->*add)(host, info); });
            QObject::connect(mirror, changed, model, [=](const Info &before, const Info &after) {
                (model->*change)(host, before, after);
            });
            QObject::connect(mirror, removed, model, [=](const Info &info) { (model->*remove)(host, info); });
            for (const Info &info : (mirror->*records)())
                (model->*add)(host, info);
        },
        [model](PlatformConnection *platform) { model->removeHost(platform->name()); });
}

} // namespace clonedeck
