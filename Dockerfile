# CaseLens service image: slim Python, CPU torch, the packaged spaCy and MiniLM models. No network at run time.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    CASELENS_DATA_DIR=/data CASELENS_HOST=0.0.0.0 CASELENS_FRAMEWORKS_DIR=/app/frameworks
WORKDIR /app
# Pass the PyTorch CPU wheel index as TORCH_PIP_ARGS (e.g. --index-url <cpu index>) to keep the image small.
ARG TORCH_PIP_ARGS=""
RUN pip install --no-cache-dir torch==2.13.0 ${TORCH_PIP_ARGS}
COPY pyproject.toml constraints.txt README.md ./
COPY service ./service
COPY nlp ./nlp
COPY evaluation ./evaluation
COPY frameworks ./frameworks
RUN pip install --no-cache-dir -c constraints.txt . && useradd --system --home /data caselens && mkdir -p /data && chown caselens /data
USER caselens
VOLUME ["/data"]
EXPOSE 8000
CMD ["caselens", "serve"]
