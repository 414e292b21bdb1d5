# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # A SparkSession of the deck's own

# %%
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("own").getOrCreate()
spark.range(1000).selectExpr("sum(id) AS total").show()

# %%
options = spark.sparkContext.getConf().get("spark.driver.extraJavaOptions", "")
print("C1 only:", "-XX:TieredStopAtLevel=1" in options)
print("course logging:", "log4j2.configurationFile" in options)
print("progress bars:", spark.sparkContext.getConf().get("spark.ui.showConsoleProgress", "true"))

# %%
spark.stop()
