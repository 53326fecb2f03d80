import seed from './dev-directory.json';

/** A person in the embedded provider's directory, with the claims its tokens carry. */
export interface DirectoryUser {
  username: string;
  password: string;
  name: string;
  email: string;
  roles: string[];
  /** The stable identifier of the officer's dependency (DPS, CICAD). */
  dependency?: string;
}

/** A machine client (client-credentials grant): a nightly import, another system. */
export interface MachineClient {
  clientId: string;
  secret: string;
  name: string;
  roles: string[];
}

export interface Directory {
  users: DirectoryUser[];
  machineClients: MachineClient[];
}

/** The seeded development directory (dev-directory.json): public passwords, for development and trials. */
export const DEV_DIRECTORY: Directory = { users: seed.users, machineClients: seed.machineClients };
