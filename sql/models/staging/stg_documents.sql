-- One row per distinct file content met by the pipeline.
select
    cast(sha256 as varchar)      as document_sha256,
    cast(path as varchar)        as source_path,
    cast(format as varchar)      as source_format,
    cast(bytes as bigint)        as source_bytes,
    cast(first_seen as timestamp) as first_seen,
    cast(last_seen as timestamp)  as last_seen,
    cast(status as varchar)      as document_status,
    cast(error as varchar)       as error_message,
    cast(extractor_version as varchar) as extractor_version
from {{ source('raw', 'documents') }}
