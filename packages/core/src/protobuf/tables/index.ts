/**
 * Every protobuf field table, for ../schema.ts. Generated from upstream generated.proto and
 * the Go struct tags of the same packages (see ../schema.ts for the notation and sources).
 */
import type { PackageTable } from '../schema.js';
import { CORE_V1_VOLUME } from './core-v1-volume.js';
import { CORE_V1_POD } from './core-v1-pod.js';
import { CORE_V1_CONTAINER } from './core-v1-container.js';
import { CORE_V1_NODE } from './core-v1-node.js';
import { CORE_V1_PERSISTENT_VOLUME } from './core-v1-persistent-volume.js';
import { CORE_V1_SERVICE } from './core-v1-service.js';
import { CORE_V1_OBJECTS } from './core-v1-objects.js';
import { APPS_V1 } from './apps-v1.js';
import { BATCH_V1 } from './batch-v1.js';
import { POLICY_V1 } from './policy-v1.js';
import { RBAC_V1 } from './rbac-v1.js';
import { SCHEDULING_V1 } from './scheduling-v1.js';
import { AUTHENTICATION_V1 } from './authentication-v1.js';
import { AUTHORIZATION_V1 } from './authorization-v1.js';
import { STORAGE_V1 } from './storage-v1.js';
import { COORDINATION_V1 } from './coordination-v1.js';
import { DISCOVERY_V1 } from './discovery-v1.js';
import { AUTOSCALING_V1 } from './autoscaling-v1.js';
import { META_V1 } from './meta-v1.js';
import { RUNTIME, INTSTR, RESOURCE } from './util.js';

export const ALL_TABLES: readonly PackageTable[] = [
  CORE_V1_VOLUME,
  CORE_V1_POD,
  CORE_V1_CONTAINER,
  CORE_V1_NODE,
  CORE_V1_PERSISTENT_VOLUME,
  CORE_V1_SERVICE,
  CORE_V1_OBJECTS,
  APPS_V1,
  BATCH_V1,
  POLICY_V1,
  RBAC_V1,
  SCHEDULING_V1,
  AUTHENTICATION_V1,
  AUTHORIZATION_V1,
  STORAGE_V1,
  COORDINATION_V1,
  DISCOVERY_V1,
  AUTOSCALING_V1,
  META_V1,
  RUNTIME,
  INTSTR,
  RESOURCE,
];
