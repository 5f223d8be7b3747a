-- qcode project schema 1, exactly as the first release created it (kept for migration tests).
-- Later versions are reached by the numbered migrations in qcode/store/schema.py.
CREATE TABLE change_log (
	id INTEGER NOT NULL,
	at DATETIME NOT NULL,
	coder_uuid VARCHAR(36),
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_uuid TEXT NOT NULL,
	detail TEXT NOT NULL,
	PRIMARY KEY (id)
);
CREATE TABLE code (
	uuid VARCHAR(36) NOT NULL,
	parent_uuid VARCHAR(36),
	name TEXT NOT NULL,
	colour TEXT NOT NULL,
	definition TEXT NOT NULL,
	inclusion TEXT NOT NULL,
	exclusion TEXT NOT NULL,
	example TEXT NOT NULL,
	tor_item TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	codable BOOLEAN NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	updated_by VARCHAR(36),
	deleted BOOLEAN NOT NULL,
	PRIMARY KEY (uuid),
	FOREIGN KEY(parent_uuid) REFERENCES code (uuid) ON DELETE SET NULL
);
CREATE INDEX ix_code_deleted ON code (deleted);
CREATE INDEX ix_code_parent_uuid ON code (parent_uuid);
CREATE INDEX ix_code_updated_at ON code (updated_at);
CREATE TABLE coder (
	uuid VARCHAR(36) NOT NULL,
	name TEXT NOT NULL,
	colour TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	updated_by VARCHAR(36),
	deleted BOOLEAN NOT NULL,
	PRIMARY KEY (uuid)
);
CREATE INDEX ix_coder_deleted ON coder (deleted);
CREATE INDEX ix_coder_updated_at ON coder (updated_at);
CREATE TABLE document (
	uuid VARCHAR(36) NOT NULL,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	text TEXT NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	source_filename TEXT NOT NULL,
	imported_at DATETIME NOT NULL,
	memo TEXT NOT NULL,
	updated_at DATETIME NOT NULL,
	updated_by VARCHAR(36),
	deleted BOOLEAN NOT NULL,
	PRIMARY KEY (uuid)
);
CREATE INDEX ix_document_deleted ON document (deleted);
CREATE INDEX ix_document_kind ON document (kind);
CREATE INDEX ix_document_name ON document (name);
CREATE INDEX ix_document_sha256 ON document (sha256);
CREATE INDEX ix_document_updated_at ON document (updated_at);
CREATE TABLE memo (
	uuid VARCHAR(36) NOT NULL,
	target_kind TEXT NOT NULL,
	target_uuid VARCHAR(36) NOT NULL,
	title TEXT NOT NULL,
	text TEXT NOT NULL,
	coder_uuid VARCHAR(36),
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	updated_by VARCHAR(36),
	deleted BOOLEAN NOT NULL,
	PRIMARY KEY (uuid)
);
CREATE INDEX ix_memo_deleted ON memo (deleted);
CREATE INDEX ix_memo_target ON memo (target_kind, target_uuid);
CREATE INDEX ix_memo_updated_at ON memo (updated_at);
CREATE TABLE project (
	id INTEGER NOT NULL,
	uuid VARCHAR(36) NOT NULL,
	name TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	settings TEXT NOT NULL,
	memo TEXT NOT NULL,
	change_counter INTEGER NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (uuid)
);
CREATE TABLE attribute (
	uuid VARCHAR(36) NOT NULL,
	document_uuid VARCHAR(36) NOT NULL,
	"key" TEXT NOT NULL,
	value TEXT NOT NULL,
	updated_at DATETIME NOT NULL,
	updated_by VARCHAR(36),
	deleted BOOLEAN NOT NULL,
	PRIMARY KEY (uuid),
	UNIQUE (document_uuid, "key"),
	FOREIGN KEY(document_uuid) REFERENCES document (uuid) ON DELETE CASCADE
);
CREATE INDEX ix_attribute_deleted ON attribute (deleted);
CREATE INDEX ix_attribute_updated_at ON attribute (updated_at);
CREATE TABLE coding (
	uuid VARCHAR(36) NOT NULL,
	document_uuid VARCHAR(36) NOT NULL,
	code_uuid VARCHAR(36) NOT NULL,
	coder_uuid VARCHAR(36) NOT NULL,
	start INTEGER NOT NULL,
	"end" INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	memo TEXT NOT NULL,
	updated_at DATETIME NOT NULL,
	updated_by VARCHAR(36),
	deleted BOOLEAN NOT NULL,
	PRIMARY KEY (uuid),
	FOREIGN KEY(document_uuid) REFERENCES document (uuid) ON DELETE CASCADE,
	FOREIGN KEY(code_uuid) REFERENCES code (uuid) ON DELETE CASCADE,
	FOREIGN KEY(coder_uuid) REFERENCES coder (uuid)
);
CREATE INDEX ix_coding_code ON coding (code_uuid);
CREATE INDEX ix_coding_deleted ON coding (deleted);
CREATE INDEX ix_coding_document ON coding (document_uuid, start);
CREATE INDEX ix_coding_updated_at ON coding (updated_at);
CREATE TABLE segment (
	id INTEGER NOT NULL,
	document_uuid VARCHAR(36) NOT NULL,
	ordinal INTEGER NOT NULL,
	start INTEGER NOT NULL,
	"end" INTEGER NOT NULL,
	speaker TEXT NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (document_uuid, ordinal),
	FOREIGN KEY(document_uuid) REFERENCES document (uuid) ON DELETE CASCADE
);
CREATE INDEX ix_segment_document_start ON segment (document_uuid, start);
PRAGMA application_id = 1363365700;
PRAGMA user_version = 1;
