-- What the recommendations read: the products related to each product, and what sells in each
-- country, each a daily snapshot the ELT computes from the sales and interaction facts
-- (transforms/17_, 18_). A recommendation blends a customer's recent products' related products
-- with their country's popular ones; both tables are small next to the facts they summarise.

-- Keys: DISTKEY (product_id): a recommendation reads the rows of a few products (those the
-- customer bought or viewed lately), and the transform ranks within a product, so each product's
-- rows sit on one slice; product ids spread evenly. SORTKEY (as_of_date, product_id): a reader
-- takes the latest snapshot, then looks products up in it.
CREATE TABLE dw.fact_item_affinity (
  as_of_date DATE NOT NULL ENCODE RAW,
  product_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  related_product_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  affinity_rank SMALLINT NOT NULL ENCODE AZ64,
  score DOUBLE PRECISION NOT NULL ENCODE ZSTD,
  co_purchase_customers INTEGER NOT NULL ENCODE AZ64,
  co_view_sessions INTEGER NOT NULL ENCODE AZ64,
  PRIMARY KEY (as_of_date, product_id, related_product_id),
  FOREIGN KEY (as_of_date) REFERENCES dw.dim_date (calendar_date),
  FOREIGN KEY (product_id) REFERENCES dw.dim_product (product_id),
  FOREIGN KEY (related_product_id) REFERENCES dw.dim_product (product_id)
)
DISTKEY (product_id)
SORTKEY (as_of_date, product_id);

-- Keys: DISTKEY (product_id), co-located with dw.fact_item_affinity, so a blend of a customer's
-- related products and their country's popular ones joins on one slice; a country would put each
-- country's rows, a few dozen, on one slice of a dozen. SORTKEY (as_of_date, country): a reader
-- takes the latest snapshot and one country.
CREATE TABLE dw.fact_popular_product (
  as_of_date DATE NOT NULL ENCODE RAW,
  country VARCHAR(16) NOT NULL ENCODE ZSTD,
  product_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  popularity_rank SMALLINT NOT NULL ENCODE AZ64,
  buyers INTEGER NOT NULL ENCODE AZ64,
  units BIGINT NOT NULL ENCODE AZ64,
  PRIMARY KEY (as_of_date, country, product_id),
  FOREIGN KEY (as_of_date) REFERENCES dw.dim_date (calendar_date),
  FOREIGN KEY (product_id) REFERENCES dw.dim_product (product_id)
)
DISTKEY (product_id)
SORTKEY (as_of_date, country);
