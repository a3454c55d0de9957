/**
 * Pod- and container-level security contexts.
 */
import { obj, req, str, int64, bool, ref, arr, type Definitions } from '../dsl.js';
import { core } from './names.js';

export const securityDefinitions: Definitions = {
  [core('SecurityContext')]: obj('Security options of a container. Where pod and container set the same option, the container\'s wins.', {
    capabilities: ref(
      core('Capabilities'),
      'Linux capabilities to add and drop, relative to the runtime\'s default set.',
    ),
    privileged: bool('Run as privileged, like root on the host. Defaults to false.'),
    seLinuxOptions: ref(core('SELinuxOptions'), 'SELinux context for the container.'),
    windowsOptions: ref(core('WindowsSecurityContextOptions'), 'Windows-specific options.'),
    runAsUser: int64('UID the container\'s process runs as. Defaults to the image\'s user.'),
    runAsGroup: int64('GID the container\'s process runs as.'),
    runAsNonRoot: bool('Require a non-root user: the kubelet refuses to start a container that would run as UID 0.'),
    readOnlyRootFilesystem: bool('Mount the container\'s root filesystem read-only. Defaults to false.'),
    allowPrivilegeEscalation: bool(
      'Whether a process can gain more privileges than its parent (no_new_privs). True whenever privileged or CAP_SYS_ADMIN is set.',
    ),
    procMount: str('Kind of /proc mount: Default (masked) or Unmasked.', { enum: ['Default', 'Unmasked'] }),
    seccompProfile: ref(core('SeccompProfile'), 'Seccomp profile of the container.'),
    appArmorProfile: ref(core('AppArmorProfile'), 'AppArmor profile of the container.'),
  }),
  [core('PodSecurityContext')]: obj('Security options for all containers of a pod, and pod-level ones such as fsGroup.', {
    seLinuxOptions: ref(core('SELinuxOptions'), 'SELinux context for all containers.'),
    windowsOptions: ref(core('WindowsSecurityContextOptions'), 'Windows-specific options for all containers.'),
    runAsUser: int64('UID container processes run as. Defaults to the image\'s user.'),
    runAsGroup: int64('GID container processes run as.'),
    runAsNonRoot: bool('Require a non-root user in every container.'),
    supplementalGroups: arr(int64(), 'Extra group IDs given to each container\'s first process.', { list: 'atomic' }),
    supplementalGroupsPolicy: str(
      'How supplemental groups are computed: Merge (with the image\'s /etc/group, the default) or Strict.',
      { enum: ['Merge', 'Strict'] },
    ),
    fsGroup: int64(
      'Group that owns the pod\'s volumes and is added to every container\'s processes; volume files are made group-accessible to it.',
    ),
    sysctls: arr(ref(core('Sysctl')), 'Namespaced sysctls set for the pod.', { list: 'atomic' }),
    fsGroupChangePolicy: str(
      'When volume ownership is changed to fsGroup: Always or OnRootMismatch.',
      { enum: ['Always', 'OnRootMismatch'] },
    ),
    seccompProfile: ref(core('SeccompProfile'), 'Seccomp profile for all containers.'),
    appArmorProfile: ref(core('AppArmorProfile'), 'AppArmor profile for all containers.'),
    seLinuxChangePolicy: str('How the SELinux label is applied to volumes: Recursive relabelling or MountOption.'),
  }),
  [core('Capabilities')]: obj('Linux capabilities to add to and drop from a container.', {
    add: arr(str(), 'Capabilities to add.', { list: 'atomic' }),
    drop: arr(str(), 'Capabilities to remove.', { list: 'atomic' }),
  }),
  [core('SELinuxOptions')]: obj('An SELinux label.', {
    user: str('SELinux user.'),
    role: str('SELinux role.'),
    type: str('SELinux type.'),
    level: str('SELinux level.'),
  }),
  [core('WindowsSecurityContextOptions')]: obj('Windows options of a pod or container.', {
    gmsaCredentialSpecName: str('Name of the GMSA credential spec to use.'),
    gmsaCredentialSpec: str('Inline GMSA credential spec contents.'),
    runAsUserName: str('Windows user name to run as.'),
    hostProcess: bool(
      'Run as a Windows HostProcess container; all containers of such a pod must set it, and hostNetwork must be true.',
    ),
  }),
  [core('SeccompProfile')]: obj('A seccomp profile; exactly one source.', {
    type: req(
      str(
        'Localhost (a file on the node), RuntimeDefault or Unconfined.',
        { enum: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
      ),
    ),
    localhostProfile: str(
      'Path of the profile file, relative to the kubelet\'s seccomp directory; only with type Localhost.',
    ),
  }),
  [core('AppArmorProfile')]: obj('An AppArmor profile.', {
    type: req(
      str(
        'Localhost (a profile loaded on the node), RuntimeDefault or Unconfined.',
        { enum: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
      ),
    ),
    localhostProfile: str('Name of the loaded profile; only with type Localhost.'),
  }),
  [core('Sysctl')]: obj('A kernel parameter to set.', {
    name: req(str('Name of the parameter.')),
    value: req(str('Value to set.')),
  }),
};
