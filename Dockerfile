# Worker image for Dataflow (--sdk_container_image) and for portable runners
# with --environment_type DOCKER: the Beam Python SDK image of the version the
# project pins in pyproject.toml (tests/test_dockerfile.py checks they agree),
# with the project and its dependencies installed. Build from the repo root:
#
#   docker build -t REGION-docker.pkg.dev/PROJECT/REPO/arabic-events:1.0.0 .
ARG PYTHON_VERSION=3.11
ARG BEAM_VERSION=2.77.0
FROM apache/beam_python${PYTHON_VERSION}_sdk:${BEAM_VERSION}
ARG BEAM_VERSION

# Only what the package build needs; the source copy is removed after the
# install so workers import the installed package.
COPY pyproject.toml README.md /tmp/arabic-events/
COPY pipeline /tmp/arabic-events/pipeline
COPY transforms /tmp/arabic-events/transforms
COPY schemas /tmp/arabic-events/schemas

# Naming the image's Beam version makes pip fail, rather than replace the SDK,
# if pyproject.toml ever pins another one.
RUN pip install --no-cache-dir /tmp/arabic-events "apache-beam==${BEAM_VERSION}" \
    && rm -rf /tmp/arabic-events \
    && python -c "import pipeline.run, schemas, transforms.extractor; schemas.load_schema('event')"

# The entrypoint stays the base image's SDK harness launcher, /opt/apache/beam/boot.
