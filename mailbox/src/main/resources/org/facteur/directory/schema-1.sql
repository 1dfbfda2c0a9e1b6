-- The directory: local domains, users and aliases. Every name is stored in canonical form
-- (lowercase, domains in ASCII/IDNA), so lookups are plain equality.

CREATE TABLE domains (
    name VARCHAR(255) NOT NULL PRIMARY KEY
);

CREATE TABLE users (
    address VARCHAR(320) NOT NULL PRIMARY KEY,
    domain VARCHAR(255) NOT NULL REFERENCES domains(name),
    -- $pbkdf2-sha256$i=<iterations>$<salt>$<hash>, see PasswordHasher.
    password_hash VARCHAR(255) NOT NULL
);

-- One row per (alias, target). An alias "@example.test" is that domain's catch-all.
CREATE TABLE aliases (
    address VARCHAR(320) NOT NULL,
    domain VARCHAR(255) NOT NULL REFERENCES domains(name),
    target VARCHAR(320) NOT NULL,
    -- Lets removing a domain find the aliases that forward into it.
    target_domain VARCHAR(255) NOT NULL,
    PRIMARY KEY (address, target)
);

CREATE INDEX users_domain ON users(domain);
CREATE INDEX aliases_domain ON aliases(domain);
CREATE INDEX aliases_target_domain ON aliases(target_domain);
